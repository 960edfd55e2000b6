# expect: findings
FROM alpine:3.21
RUN <<EOF
apk add --no-cache curl
adduser -D app
EOF
