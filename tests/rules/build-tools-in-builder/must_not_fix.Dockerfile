# expect: none
FROM alpine:3.21 AS build
RUN apk add --no-cache build-base git
FROM alpine:3.21 AS other
RUN apk add --no-cache gcc
FROM debian:bookworm-slim AS tools
RUN apt-get update && apt-get install -y --no-install-recommends make && rm -rf /var/lib/apt/lists/*

FROM alpine:3.21
# Removed again by the same RUN: nothing ships.
RUN apk add --no-cache --virtual .build-deps gcc musl-dev \
 && pip install --no-cache-dir uwsgi \
 && apk del .build-deps
RUN apk add --no-cache -t=.deps make && apk del --no-cache make
RUN apk add --no-cache libstdc++ openssl python3-dev-docs git-lfs $EXTRA
COPY --from=build /a /a
