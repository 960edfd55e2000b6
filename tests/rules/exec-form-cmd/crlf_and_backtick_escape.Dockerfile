# escape=`
# expect: findings
FROM alpine:3.21
CMD /app/run `
    --flag "a value"
