#!/usr/bin/env python3
"""Records the C library's own answers for the cases src/libc/ reimplements.

Run on a glibc system (the fixture was recorded with Debian 12's glibc 2.36, the C library of
the ipvsadm 1.31 this project copies):

    python3 test/unit/libc/record-glibc.py > test/unit/libc/fixtures/glibc.json

It calls glibc through ctypes; nothing here is reimplemented. glibc.test.ts replays the file.
"""
import ctypes
import json
import platform
import random
import socket

libc = ctypes.CDLL('libc.so.6', use_errno=True)
libc.gnu_get_libc_version.restype = ctypes.c_char_p
libc.strerror.restype = ctypes.c_char_p
libc.inet_ntop.restype = ctypes.c_char_p
libc.strtol.restype = ctypes.c_long
libc.strtoul.restype = ctypes.c_ulong
ERANGE = 34

rng = random.Random(20261201)


def inet_aton(text):
    buf = ctypes.create_string_buffer(4)
    ok = libc.inet_aton(text.encode('latin1'), buf)
    return list(buf.raw) if ok else None


def inet_pton(af, text):
    buf = ctypes.create_string_buffer(16)
    ok = libc.inet_pton(af, text.encode('latin1'), buf)
    return list(buf.raw[: 4 if af == socket.AF_INET else 16]) if ok == 1 else None


def inet_ntop(af, data):
    out = ctypes.create_string_buffer(64)
    src = ctypes.create_string_buffer(bytes(data), 16)
    r = libc.inet_ntop(af, src, out, 64)
    return r.decode() if r is not None else None


def strto(fn, text, base):
    raw = text.encode('latin1')
    buf = ctypes.create_string_buffer(raw)
    end = ctypes.c_char_p()
    ctypes.set_errno(0)
    value = fn(buf, ctypes.byref(end), base)
    err = ctypes.get_errno()
    consumed = ctypes.cast(end, ctypes.c_void_p).value - ctypes.addressof(buf)
    return {'value': str(value), 'end': consumed, 'overflow': err == ERANGE}


def sscanf_conn(line):
    words = [ctypes.create_string_buffer(256) for _ in range(8)]
    ports = [ctypes.c_ushort(0) for _ in range(3)]
    expires = ctypes.c_uint(0)
    p = words
    n = libc.sscanf(line.encode('latin1'), b'%s %s %hX %s %hX %s %hX %s %d %s %s',
                    p[0], p[1], ctypes.byref(ports[0]), p[2], ctypes.byref(ports[1]), p[3],
                    ctypes.byref(ports[2]), p[4], ctypes.byref(expires), p[5], p[6])
    s = lambda b: b.value.decode('latin1')
    return {'count': n, 'protocol': s(p[0]), 'client': s(p[1]), 'clientPort': ports[0].value,
            'virtual': s(p[2]), 'virtualPort': ports[1].value, 'dest': s(p[3]), 'destPort': ports[2].value,
            'state': s(p[4]), 'expires': expires.value, 'peName': s(p[5]), 'peData': s(p[6])}


CMP = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_uint32), ctypes.POINTER(ctypes.c_uint32))


@CMP
def wrapped_cmp(a, b):
    # libipvs's comparators: (int)(x - y) of two unsigned 32-bit values.
    return ctypes.c_int32((a[0] - b[0]) & 0xffffffff).value


def qsort_u32(values):
    arr = (ctypes.c_uint32 * len(values))(*values)
    libc.qsort(arr, len(values), 4, wrapped_cmp)
    return list(arr)


def words16(*w):
    out = []
    for x in w:
        out += [x >> 8, x & 255]
    return out


ATON = ['1.2.3.4', '1.2.3.4 junk', '1.2.3.4\tx', '1.2.3.4x', '1', '1.2', '1.2.3', '1.2.3.4.5', '0x7f.1', '0X7F.0.0.1',
        '017.0.0.1', '08.0.0.1', '0x', '0x.1', '4294967295', '4294967296', '1.16777215', '1.16777216', '1.2.65535',
        '1.2.65536', '1.2.3.255', '1.2.3.256', '256.1.1.1', '', ' 1.2.3.4', '.1.2.3', '1..2', '1.2.', '+1.2.3.4',
        '-1', '0xffffffff', '0x100000000', '99999999999999999999', '1.2.3.4\n', '00000000001.2.3.4', 'a', '1.0x', '1.0xg']
PTON4 = ['1.2.3.4', '0.0.0.0', '255.255.255.255', '01.2.3.4', '1.2.3', '1.2.3.4.', '1..2.3', '256.1.1.1', ' 1.2.3.4',
         '1.2.3.4 ', '0A010101', '', '1.2.3.04', '1.2.3.0', '224.0.0.81']
PTON6 = ['::', '::1', '::2', '1::', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', '1::2::3', ':1::2', '1::2:',
         '::ffff:1.2.3.4', '::1.2.3.4', '::ffff:01.2.3.4', '::1.2.3', '1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:7:1.2.3.4',
         'ff02::1234', 'FF02:0:0:0:0:0:0:1', 'ff02::12345', 'g::1', 'ff02:::1', '2001:db8::', ':', ':::',
         '1:2:3:4:5:6:7::', '::2:3:4:5:6:7:8', '0000:0000::0001', '00000::1', '1.2.3.4', '::1.2.3.4.5', '[::1]', '::1 ']
NTOP6 = [words16(), words16(0, 0, 0, 0, 0, 0, 0, 1), words16(0, 0, 0, 0, 0, 0, 0, 2),
         words16(0, 0, 0, 0, 0, 0, 0x0102, 0x0304), words16(0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304),
         words16(0, 0, 0, 0, 0, 0xffff, 0, 0), words16(0, 0, 0, 0, 0, 0xffff, 0, 1), words16(0, 0, 0, 0, 0, 0, 0, 0xffff),
         words16(0, 0, 0, 0, 0, 0, 1, 0), words16(0, 0, 0, 0, 0, 1, 0x0102, 0x0304), words16(0, 0, 0, 0, 0, 0xfffe, 1, 2),
         words16(0, 0, 0, 0, 0xffff, 0, 1, 2), words16(0, 0, 0, 0, 0, 0, 0, 0x0102), words16(1, 0, 0, 0, 0, 0, 0, 0),
         words16(0x2001, 0, 0, 1, 0, 0, 0, 1), words16(0x2001, 0, 0, 1, 1, 0, 0, 1), words16(0x2001, 0xdb8, 0, 1, 1, 1, 1, 1),
         words16(0xff02, 0, 0, 0, 0, 0, 0, 0x1234), words16(1, 0, 1, 0, 1, 0, 1, 0), words16(0, 1, 0, 0, 1, 0, 0, 1)]
for _ in range(60):
    # Words from {0, 1, ffff, random} so that zero runs and the IPv4 forms come up often.
    NTOP6.append(words16(*[rng.choice([0, 0, 0, 1, 0xffff, rng.randrange(0x10000)]) for _ in range(8)]))
NTOP4 = [[1, 2, 3, 4], [0, 0, 0, 0], [255, 255, 255, 255], [10, 0, 0, 1]]
NUMBERS = ['0', '7', '-7', '+7', ' \t\n\v\f\r42', '08', '010', '0x1f', '0X1F', '0x', '0xg', '-0x10', 'ff', 'FFFF', 'z',
           '', ' ', '+', '-', '+-1', '1e3', '9223372036854775807', '9223372036854775808', '-9223372036854775808',
           '-9223372036854775809', '18446744073709551615', '18446744073709551616', '-18446744073709551615',
           '-18446744073709551616', '99999999999999999999999', '0xffffffffffffffff', '0x10000000000000000',
           '-0xffffffffffffffff', '4294967360', '2147483648', '-2147483649', '12abc', '0001', '\u00a01']
CONN = ['TCP 0A000001 8000 0A000002 0050 0A000003 0050 ESTABLISHED 100\n',
        'TCP 10.0.0.1 8000 10.0.0.2 0050 10.0.0.3 0050 ESTABLISHED 100\n',
        'UDP [2001:db8::1] 1F90 [2001:db8::2] 0035 [2001:db8::3] 0035 UDP 299\n',
        'TCP 0A000001 8000 0A000002 0050 0A000003 0050 ESTABLISHED 100 sip callid123\n',
        'Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData\n',
        'TCP 0A000001 0x8000 0A000002 -1 0A000003 10000 ESTABLISHED -5\n',
        'TCP 0A000001 zz 0A000002\n', 'TCP 0A000001 FFFFFFFFFFFFFFFFFFFF 0A 1 0B 2 S 99999999999\n',
        'TCP 0A000001 8000 0A000002 0050 0A000003 0050 ESTABLISHED 4294967296\n',
        'TCP 0A000001 8000 0A000002 0050 0A000003 0050 ESTABLISHED -9223372036854775809\n',
        '   \n', '', 'TCP', 'TCP a 1 b 2 c 3 d x', '\tTCP\ta\t1\tb\t2\tc\t3\td\t4\te\tf\tg\n']
SORT = [[5, 3, 1, 4, 2], [0x80000000, 0, 0x7fffffff, 1, 0xffffffff], list(range(10, 0, -1))]
for n in range(2, 41):
    SORT.append([rng.choice([rng.randrange(1 << 32), rng.randrange(16), 0x80000000 + rng.randrange(16)]) for _ in range(n)])

fixture = {
    'glibc': libc.gnu_get_libc_version().decode(),
    'machine': platform.machine(),
    'inet_aton': [[t, inet_aton(t)] for t in ATON],
    'inet_pton4': [[t, inet_pton(socket.AF_INET, t)] for t in PTON4],
    'inet_pton6': [[t, inet_pton(socket.AF_INET6, t)] for t in PTON6],
    'inet_ntop4': [[b, inet_ntop(socket.AF_INET, b + [0] * 12)] for b in NTOP4],
    'inet_ntop6': [[b, inet_ntop(socket.AF_INET6, b)] for b in NTOP6],
    'strtol': [[t, base, strto(libc.strtol, t, base)] for t in NUMBERS for base in (0, 10, 16)],
    'strtoul': [[t, base, strto(libc.strtoul, t, base)] for t in NUMBERS for base in (0, 10, 16)],
    'atoi': [[t, libc.atoi(t.encode('latin1'))] for t in NUMBERS],
    'sscanf_conn': [[line, sscanf_conn(line)] for line in CONN],
    'strerror': [[n, libc.strerror(n).decode()] for n in list(range(1, 134)) + [134, 200, 4095]],
    'qsort_wrapped_u32': [[v, qsort_u32(v)] for v in SORT],
}
print(json.dumps(fixture, indent=1))
