// Process entry of bin/ipvsadm-save.
import { launch } from '../launch.js';
import { runIpvsadmSave } from '../wrappers.js';

await launch('ipvsadm-save', runIpvsadmSave);
