# expect: findings
# The mirror is set before the first install: an upgrade added right below `FROM` would run
# against the default repositories. Reported, not fixed.
FROM alpine:3.21
RUN sed -i "s/dl-cdn.alpinelinux.org/mirror.example/" /etc/apk/repositories && apk add --no-cache curl
CMD ["curl", "--version"]
