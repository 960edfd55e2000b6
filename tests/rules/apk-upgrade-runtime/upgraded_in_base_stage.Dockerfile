# expect: none
FROM alpine:3.21 AS base
RUN set -eux; apk upgrade --no-cache; apk add --no-cache tini

FROM base
RUN apk add --no-cache curl
