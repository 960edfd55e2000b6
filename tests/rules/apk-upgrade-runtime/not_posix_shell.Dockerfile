# expect: none
FROM alpine:3.21 AS base
SHELL ["/usr/bin/pwsh", "-Command"]

FROM base
RUN apk add --no-cache curl
