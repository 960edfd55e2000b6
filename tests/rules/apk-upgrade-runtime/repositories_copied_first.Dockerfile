# expect: findings
# A repository file copied before a first `RUN` that starts with `apk add`: the upgrade joins
# that `RUN`, after the copy. Fixed. A certificate installed after the first `apk` command
# changes nothing.
FROM alpine:3.21
COPY repositories /etc/apk/repositories
RUN apk add --no-cache ca-certificates && update-ca-certificates
CMD ["sh"]
