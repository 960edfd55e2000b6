# expect: findings
FROM registry.access.redhat.com/ubi9/ubi-minimal:9.5
RUN microdnf install -y nodejs && microdnf clean all
CMD ["node", "server.js"]
