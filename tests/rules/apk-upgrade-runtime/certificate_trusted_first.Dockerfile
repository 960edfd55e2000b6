# expect: findings
# A company certificate, trusted before apk fetches anything: reported, not fixed.
FROM alpine:3.21
COPY company.crt /usr/local/share/ca-certificates/
RUN update-ca-certificates; apk add --no-cache curl
CMD ["curl", "--version"]
