// <sys/socket.h> address families (Linux numbering).
export const AF_INET = 2;
export const AF_INET6 = 10;
