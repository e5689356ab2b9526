// UAPI numbers: netlink, generic netlink and the IPVS family (include/uapi/linux/ip_vs.h).
// Values only; docs/architecture.md says which layer uses them and how.

/** Netlink protocol number of generic netlink. */
export const NETLINK_GENERIC = 16;

// ---- netlink header (struct nlmsghdr) ----
export const NLMSG_HDRLEN = 16;
export const NLMSG_NOOP = 1;
export const NLMSG_ERROR = 2;
export const NLMSG_DONE = 3;
export const NLMSG_OVERRUN = 4;

export const NLM_F_REQUEST = 0x0001;
export const NLM_F_MULTI = 0x0002;
export const NLM_F_ACK = 0x0004;
export const NLM_F_ROOT = 0x0100;
export const NLM_F_MATCH = 0x0200;
/** Both bits are required by the kernel for a dump. */
export const NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;
/** Set on an ACK whose payload only carries the request header. */
export const NLM_F_CAPPED = 0x0100;

// ---- attributes (struct nlattr) ----
export const NLA_HDRLEN = 4;
export const NLA_F_NESTED = 0x8000;
export const NLA_F_NET_BYTEORDER = 0x4000;
/** Mask that strips the NESTED / NET_BYTEORDER bits off nla_type. */
export const NLA_TYPE_MASK = 0x3fff;

// ---- generic netlink header (struct genlmsghdr) and the controller ----
export const GENL_HDRLEN = 4;
export const GENL_ID_CTRL = 16;
export const CTRL_VERSION = 1;
export const CTRL_CMD_GETFAMILY = 3;
export const CTRL_ATTR_FAMILY_ID = 1;
export const CTRL_ATTR_FAMILY_NAME = 2;

// ---- the IPVS family ----
export const IPVS_GENL_NAME = 'IPVS';
export const IPVS_GENL_VERSION = 1;

export const IPVS_CMD_NEW_SERVICE = 1;
export const IPVS_CMD_SET_SERVICE = 2;
export const IPVS_CMD_DEL_SERVICE = 3;
export const IPVS_CMD_GET_SERVICE = 4;
export const IPVS_CMD_NEW_DEST = 5;
export const IPVS_CMD_SET_DEST = 6;
export const IPVS_CMD_DEL_DEST = 7;
export const IPVS_CMD_GET_DEST = 8;
export const IPVS_CMD_NEW_DAEMON = 9;
export const IPVS_CMD_DEL_DAEMON = 10;
export const IPVS_CMD_GET_DAEMON = 11;
export const IPVS_CMD_SET_CONFIG = 12;
export const IPVS_CMD_GET_CONFIG = 13;
export const IPVS_CMD_SET_INFO = 14;
export const IPVS_CMD_GET_INFO = 15;
export const IPVS_CMD_ZERO = 16;
export const IPVS_CMD_FLUSH = 17;

/** Top-level attributes of every IPVS message. */
export const IPVS_CMD_ATTR_SERVICE = 1;
export const IPVS_CMD_ATTR_DEST = 2;
export const IPVS_CMD_ATTR_DAEMON = 3;
export const IPVS_CMD_ATTR_TIMEOUT_TCP = 4;
export const IPVS_CMD_ATTR_TIMEOUT_TCP_FIN = 5;
export const IPVS_CMD_ATTR_TIMEOUT_UDP = 6;

export const IPVS_SVC_ATTR_AF = 1;
export const IPVS_SVC_ATTR_PROTOCOL = 2;
export const IPVS_SVC_ATTR_ADDR = 3;
export const IPVS_SVC_ATTR_PORT = 4;
export const IPVS_SVC_ATTR_FWMARK = 5;
export const IPVS_SVC_ATTR_SCHED_NAME = 6;
export const IPVS_SVC_ATTR_FLAGS = 7;
export const IPVS_SVC_ATTR_TIMEOUT = 8;
export const IPVS_SVC_ATTR_NETMASK = 9;
export const IPVS_SVC_ATTR_STATS = 10;
export const IPVS_SVC_ATTR_PE_NAME = 11;
export const IPVS_SVC_ATTR_STATS64 = 12;

export const IPVS_DEST_ATTR_ADDR = 1;
export const IPVS_DEST_ATTR_PORT = 2;
export const IPVS_DEST_ATTR_FWD_METHOD = 3;
export const IPVS_DEST_ATTR_WEIGHT = 4;
export const IPVS_DEST_ATTR_U_THRESH = 5;
export const IPVS_DEST_ATTR_L_THRESH = 6;
export const IPVS_DEST_ATTR_ACTIVE_CONNS = 7;
export const IPVS_DEST_ATTR_INACT_CONNS = 8;
export const IPVS_DEST_ATTR_PERSIST_CONNS = 9;
export const IPVS_DEST_ATTR_STATS = 10;
export const IPVS_DEST_ATTR_ADDR_FAMILY = 11;
export const IPVS_DEST_ATTR_STATS64 = 12;
export const IPVS_DEST_ATTR_TUN_TYPE = 13;
export const IPVS_DEST_ATTR_TUN_PORT = 14;
export const IPVS_DEST_ATTR_TUN_FLAGS = 15;

export const IPVS_DAEMON_ATTR_STATE = 1;
export const IPVS_DAEMON_ATTR_MCAST_IFN = 2;
export const IPVS_DAEMON_ATTR_SYNC_ID = 3;
export const IPVS_DAEMON_ATTR_SYNC_MAXLEN = 4;
export const IPVS_DAEMON_ATTR_MCAST_GROUP = 5;
export const IPVS_DAEMON_ATTR_MCAST_GROUP6 = 6;
export const IPVS_DAEMON_ATTR_MCAST_PORT = 7;
export const IPVS_DAEMON_ATTR_MCAST_TTL = 8;

export const IPVS_STATS_ATTR_CONNS = 1;
export const IPVS_STATS_ATTR_INPKTS = 2;
export const IPVS_STATS_ATTR_OUTPKTS = 3;
export const IPVS_STATS_ATTR_INBYTES = 4;
export const IPVS_STATS_ATTR_OUTBYTES = 5;
export const IPVS_STATS_ATTR_CPS = 6;
export const IPVS_STATS_ATTR_INPPS = 7;
export const IPVS_STATS_ATTR_OUTPPS = 8;
export const IPVS_STATS_ATTR_INBPS = 9;
export const IPVS_STATS_ATTR_OUTBPS = 10;
/** Alignment filler on architectures without cheap unaligned access; never decoded. */
export const IPVS_STATS_ATTR_PAD = 11;

export const IPVS_INFO_ATTR_VERSION = 1;
export const IPVS_INFO_ATTR_CONN_TAB_SIZE = 2;

/** IP_VS_SVC_F_HASHED: kernel-internal, reported in replies, never part of the model. */
export const IP_VS_SVC_F_HASHED = 0x0002;

// The errno values this layer produces or tests for, from the one errno table.
export { EBADF, EBADMSG, EINVAL, EMSGSIZE, ENOBUFS, ENOENT, ENOPROTOOPT, EOPNOTSUPP, EPERM, ESRCH } from '../libc/errno.js';
