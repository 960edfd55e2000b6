# escape=`
# expect: findings
FROM alpine:3.21
RUN wget -qO- https://example.com/x.tgz `
    | tar -xz
