# expect: none
FROM alpine:3.21
CMD ["nginx", "-g", "daemon off;"]
ENTRYPOINT ["/entrypoint.sh"]
HEALTHCHECK --interval=5m CMD ["wget", "-q", "-O-", "http://localhost/"]
HEALTHCHECK NONE
FROM mcr.microsoft.com/powershell:lts-alpine-3.20
SHELL ["pwsh", "-Command"]
CMD Write-Host $env:HOME
