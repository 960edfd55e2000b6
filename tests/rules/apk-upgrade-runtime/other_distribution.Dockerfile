# expect: none
FROM alpine:3.21
RUN apk add --no-cache dpkg && dpkg -i /tmp/tool.deb
