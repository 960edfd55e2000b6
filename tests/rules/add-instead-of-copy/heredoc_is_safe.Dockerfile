# expect: findings
FROM alpine:3.21
ADD <<EOF /etc/motd
Welcome
EOF
ADD <<one <<two /etc/
first
one
second
two
