# expect: findings
FROM alpine:3.21 AS build
RUN apk add \
  # compilers for the native extensions
  gcc musl-dev \
 && apk --no-progress add -X https://dl-cdn.alpinelinux.org/alpine/edge/testing curl \
 && apk add --no-cache zstd
RUN set -eux; apk upgrade; apk add --virtual .build-deps   make
