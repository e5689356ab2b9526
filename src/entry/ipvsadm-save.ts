// Process entry of bin/ipvsadm-save.
import { launch } from '../launch.js';
import { runIpvsadmSave } from '../wrappers.js';

void launch('ipvsadm-save', runIpvsadmSave);
