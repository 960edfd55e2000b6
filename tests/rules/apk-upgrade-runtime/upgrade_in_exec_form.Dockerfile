# expect: none
FROM alpine:3.21
RUN ["apk", "upgrade", "--no-cache"]
RUN apk add --no-cache curl
