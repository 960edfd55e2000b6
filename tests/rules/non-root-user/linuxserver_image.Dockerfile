# expect: findings
# LinuxServer.io images start s6-overlay's init as root, which drops to PUID/PGID.
# Reported, not fixed.
FROM lscr.io/linuxserver/nginx:1.26.2
COPY site/ /config/www/
