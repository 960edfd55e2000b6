# expect: findings
# A stage ARG without a default takes the global one: 8080, from 1024 up. Fixed.
ARG PORT=8080
FROM alpine:3.21
ARG PORT
RUN apk add --no-cache ca-certificates
EXPOSE ${PORT}/tcp
CMD ["/usr/local/bin/app"]
