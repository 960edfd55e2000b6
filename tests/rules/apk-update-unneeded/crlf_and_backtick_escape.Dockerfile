# escape=`
# expect: findings
FROM alpine:3.21
RUN apk update `
 && apk add --no-cache curl
RUN apk update; `
    # the client
    apk add --no-cache wget
