# expect: findings
# The port comes from an ENV set from an ARG: 80, below 1024. Reported, not fixed.
FROM alpine:3.21
ARG HTTP_PORT=80
ENV PORT=${HTTP_PORT}
RUN apk add --no-cache ca-certificates
EXPOSE $PORT
CMD ["/usr/local/bin/app"]
