# expect: findings
# The stage sets its mirror and never runs apk itself: the upgrade would be the first to fetch,
# and would do it before the mirror is in place. Reported, not fixed.
FROM alpine:3.21
COPY repositories /etc/apk/repositories
COPY app /app/app
CMD ["/app/app"]
