# expect: findings
FROM alpine:3.21 AS build
RUN apk add --no-cache build-base
FROM alpine:3.21
RUN apk add --no-cache git openssh-client
COPY --from=build /a /a
CMD ["git", "daemon", "--base-path=/srv"]
