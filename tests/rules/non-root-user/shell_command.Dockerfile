# expect: findings
# A tool image whose command is a shell prompt, through tini. Reported, not fixed.
FROM alpine:3.21
RUN apk add --no-cache tini git openssh-client
ENTRYPOINT ["/sbin/tini", "--"]
CMD ["/bin/ash"]
