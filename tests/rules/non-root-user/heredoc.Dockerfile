# expect: findings
FROM alpine:3.21 AS base
ONBUILD USER nobody
ONBUILD RUN echo later

FROM base
RUN <<EOF
set -eu
apk add --no-cache tini
EOF
# Nothing below needs root.
COPY --from=base /etc/alpine-release /srv/
ENTRYPOINT ["/sbin/tini", "--"]
CMD ["sleep", "infinity"]
