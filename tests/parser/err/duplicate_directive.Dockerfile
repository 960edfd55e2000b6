# escape=`
# escape=\
FROM alpine
