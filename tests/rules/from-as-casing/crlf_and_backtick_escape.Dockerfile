# escape=`
# expect: findings
FROM alpine:3.21 `
  as base
RUN echo `
  as is
