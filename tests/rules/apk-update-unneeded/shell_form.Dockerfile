# expect: findings
FROM alpine:3.21
RUN apk update && apk add --no-cache curl
RUN apk update \
 && apk add --no-cache --virtual .build-deps gcc \
 && make \
 && apk del .build-deps
RUN apk update && \
    apk upgrade --no-cache && \
    apk add --no-cache bash
RUN set -eux; \
    apk update; \
    apk add --no-cache make
RUN set -eux \
    && apk -q update \
    && apk add --no-cache jq
RUN apk update && apk update && apk add --no-cache tar
