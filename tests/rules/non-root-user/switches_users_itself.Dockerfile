# expect: findings
FROM alpine:3.21
RUN apk add --no-cache su-exec
COPY --from=golang:1.23-alpine /usr/local/go/VERSION /srv/
ENTRYPOINT ["su-exec", "nobody:nobody"]
CMD ["/srv/app"]
