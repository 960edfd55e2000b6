# expect: findings
# The runtime stage copies only from an image, not from a stage of the file.
FROM alpine:3.21 AS build
RUN apk add --no-cache build-base
FROM alpine:3.21
RUN apk add --no-cache gcc
COPY --from=nginx:1.27 /etc/nginx/nginx.conf /etc/nginx/
