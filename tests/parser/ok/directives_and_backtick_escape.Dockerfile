# syntax=docker/dockerfile:1
# check=skip=JSONArgsRecommended
# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
RUN powershell -Command `
    # a comment inside the continuation
    Write-Host hi `

    ; exit 0
COPY C:\\src\\app C:\\app\\
