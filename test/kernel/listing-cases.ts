// Every listing variant the suite compares (and the fixture recorder records).
export const LISTINGS = [
  '-L -n', '-L', '-l', '-Ln', '-l -n --sort', '-L -n --nosort',
  '-L -n --stats', '-L -n --stats --exact', '-L --stats', '-L -n --rate', '-L -n --rate --exact',
  '-L -n --thresholds', '-L --thresholds', '-L -n --persistent-conn', '-L --persistent-conn', '-L -n --tun-info',
  '-L -n -t 10.1.1.1:80', '-L -t 10.1.1.1:http', '-L -n -u 10.1.1.1:53 --stats', '-L -n -f 1',
  '-L -n -f 2147483648 -6', '-L -n -t [2001:db8::10]:80 --rate', '-L -n --sctp-service 10.1.1.1:5672',
  '-L -n -t 10.1.1.3:443 --persistent-conn',
  '-L -c -n', '-Lnc', '-L -c', '-L -c -n --persistent-conn', '-L -c --persistent-conn',
  '-L --timeout', '-L --daemon', '-L -n --timeout --daemon', '-L -c -n --timeout',
  '-S', '-S -n', '-S -n --nosort',
];
