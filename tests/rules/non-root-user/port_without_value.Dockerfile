# expect: findings
# An ARG with no default: the port is known only at build time and may be below 1024.
# Reported, not fixed.
ARG PORT=8080
FROM alpine:3.21
ARG LISTEN
RUN apk add --no-cache ca-certificates
EXPOSE ${LISTEN}
CMD ["/usr/local/bin/app"]
