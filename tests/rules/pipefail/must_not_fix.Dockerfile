# expect: none
FROM debian:bookworm-slim
SHELL ["/bin/bash", "-eo", "pipefail", "-c"]
RUN curl -fsSL https://example.com/ | grep ok

# Inherited from the stage it is built on.
FROM debian:bookworm-slim AS with-pipefail
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
FROM with-pipefail
RUN curl -fsSL https://example.com/ | grep ok

FROM alpine:3.21
RUN test -f /etc/os-release || echo 'no | pipe here'
RUN echo $((1 | 2)) "${X:-a|b}" >| /tmp/out
RUN case "$(uname -m)" in x86_64|amd64) echo x64 ;; esac
# A heredoc run by another shell, or by its #! line, does not use SHELL.
RUN bash <<EOF
echo a | cat
EOF
RUN <<EOF
#!/usr/bin/env bash
echo a | cat
EOF
RUN ["sh", "-c", "echo a | cat"]

FROM mcr.microsoft.com/powershell:lts-alpine-3.20
SHELL ["pwsh", "-Command"]
RUN Get-ChildItem | Select-Object Name
