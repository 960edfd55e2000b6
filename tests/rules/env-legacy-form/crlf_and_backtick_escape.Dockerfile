# escape=`
# expect: findings
FROM alpine:3.21
ENV WIN_PATH C:\Program Files\App
ENV TICKED a` b c
ENV CONT `
    x y
