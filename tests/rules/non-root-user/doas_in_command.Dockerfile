# expect: findings
# The command itself switches to root with doas. Reported, not fixed.
FROM alpine:3.21
RUN apk add --no-cache curl
CMD ["doas", "/usr/local/bin/app"]
