# expect: findings
FROM debian:bookworm-slim
SHELL ["/usr/bin/pwsh", "-Command"]
RUN Write-Output 'installed'
CMD ["pwsh"]
