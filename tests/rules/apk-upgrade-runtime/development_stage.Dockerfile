# expect: findings
# The last stage is for development; the image that ships is `runtime`, which only a target
# would name. Reported, not fixed.
FROM alpine:3.21 AS runtime
RUN apk add --no-cache ca-certificates
COPY app /app
FROM runtime AS dev
RUN apk add --no-cache gdb
