# escape=`
# expect: findings
FROM alpine:3.21
ADD --chown=1000 `
    src/ `
    /app/
