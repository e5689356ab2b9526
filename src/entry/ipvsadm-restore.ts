// Process entry of bin/ipvsadm-restore.
import { launch } from '../launch.js';
import { runIpvsadmRestore } from '../wrappers.js';

void launch('ipvsadm-restore', runIpvsadmRestore);
