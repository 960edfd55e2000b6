# syntax=docker/dockerfile:1
# expect: findings
FROM alpine:3.21 AS build
RUN <<EOF
set -e
apk add --no-cache build-base
EOF
RUN make

FROM alpine:3.21
RUN <<EOF
set -e
apk add --no-cache ca-certificates git
apk add --no-cache cmake
echo ready
EOF
COPY --from=build /a /a
