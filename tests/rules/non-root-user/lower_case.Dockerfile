# expect: findings
from node:22-alpine
run npm install -g serve
cmd ["serve", "-s", "/srv"]
