// Process entry of bin/ipvsadm (bundled into dist/bundle/ipvsadm.cjs for a fast start).
import { launch } from '../launch.js';
import { runIpvsadm } from '../main.js';

void launch('ipvsadm', (io, args) => runIpvsadm(args, io));
