import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
const c = new DynamoDBClient({ endpoint: 'http://127.0.0.1:40087', region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
const r = await c.send(new ScanCommand({ TableName: 'auth-api-test', FilterExpression: '#t = :o AND kind = :k', ExpressionAttributeNames: { '#t': 'type' }, ExpressionAttributeValues: { ':o': { S: 'outbox' }, ':k': { S: process.argv[2] } } }));
const item = r.Items[0];
console.error(JSON.stringify(item));
const res = await fetch('http://127.0.0.1:42809/2015-03-31/functions/auth-api-local-mailer/invocations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ Records: [{ eventName: 'INSERT', dynamodb: { SequenceNumber: '1', NewImage: item } }] }) });
console.log(res.status, [...res.headers].filter(([k]) => k.startsWith('x-amz')), await res.text());
