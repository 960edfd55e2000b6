# expect: findings
FROM alpine:3.21
# `apk-no-cache` adds `--no-cache` first; the `apk update` goes in the next round.
RUN apk update && apk add curl
RUN apk update \
 && apk add --virtual .deps gcc \
 && apk upgrade
# Already pointless.
RUN apk update && apk add --no-cache git
