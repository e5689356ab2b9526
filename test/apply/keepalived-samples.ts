// keepalived.conf samples shared by the reader's unit tests and ipvsadm-apply's kernel tests.

/** The classic LVS-DR sample of keepalived's documentation (two real servers with TCP_CHECK). */
export const CLASSIC_DR = `! Configuration File for keepalived

global_defs {
   notification_email {
     acassen@firewall.loc
   }
   smtp_server 192.168.200.1
   router_id LVS_DEVEL
}

vrrp_instance VI_1 {
    state MASTER
    interface eth0
    virtual_router_id 51
    priority 100
    advert_int 1
    virtual_ipaddress {
        192.168.200.254
    }
}

virtual_server 192.168.200.254 80 {
    delay_loop 6
    lb_algo rr
    lb_kind DR
    protocol TCP

    real_server 192.168.200.103 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 3
        }
    }
    real_server 192.168.200.104 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 3
        }
    }
}
`;
