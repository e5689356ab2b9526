// Process entry of bin/ipvsadm-apply.
import { runIpvsadmApply } from '../apply-main.js';
import { launch } from '../launch.js';

void launch('ipvsadm-apply', runIpvsadmApply);
