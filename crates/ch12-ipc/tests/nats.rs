//! 一个真正的 NATS 服务器上的四种模式：发布订阅、请求响应、队列组、JetStream 的至少一次。
//! 每个测试启动自己的 `nats-server`（空闲端口、临时目录），测试结束时它一定被停掉。

use async_nats::jetstream::{self, consumer::pull, stream};
use futures::StreamExt;
use std::collections::BTreeSet;
use std::time::Duration;
use test_support::nats::NatsServer;
use tokio::time::timeout;

/// 任何一步等待的上限：正常情况下是毫秒级，超过它就是真的出了问题。
const LIMIT: Duration = Duration::from_secs(5);

async fn next_payload(sub: &mut async_nats::Subscriber) -> String {
    let msg = timeout(LIMIT, sub.next())
        .await
        .expect("5 秒内没有收到消息")
        .expect("订阅意外结束");
    String::from_utf8(msg.payload.to_vec()).unwrap()
}

// ANCHOR: pub_sub
#[tokio::test]
async fn subjects_and_wildcards() {
    let server = NatsServer::start();
    let client = async_nats::connect(server.url()).await.unwrap();

    // `*` 匹配一段，`>` 匹配后面的一段或多段。
    let mut temps = client.subscribe("sensors.*.temp").await.unwrap();
    let mut everything = client.subscribe("sensors.>").await.unwrap();

    client
        .publish("sensors.hall.temp", "21.5".into())
        .await
        .unwrap();
    client
        .publish("sensors.hall.humidity", "40".into())
        .await
        .unwrap();
    client
        .publish("sensors.lab.temp", "19.0".into())
        .await
        .unwrap();
    client.flush().await.unwrap();

    assert_eq!(next_payload(&mut temps).await, "21.5");
    assert_eq!(next_payload(&mut temps).await, "19.0"); // humidity 不匹配 *.temp
    for expected in ["21.5", "40", "19.0"] {
        assert_eq!(next_payload(&mut everything).await, expected);
    }
}
// ANCHOR_END: pub_sub

#[tokio::test]
async fn a_late_subscriber_misses_what_was_published_before() {
    let server = NatsServer::start();
    let client = async_nats::connect(server.url()).await.unwrap();
    // 核心 NATS 是“至多一次”：发布时没有订阅者，消息就没了。
    client.publish("news", "早报".into()).await.unwrap();
    client.flush().await.unwrap();
    let mut late = client.subscribe("news").await.unwrap();
    client.publish("news", "晚报".into()).await.unwrap();
    assert_eq!(
        next_payload(&mut late).await,
        "晚报",
        "订阅之前的“早报”不会补发"
    );
}

// ANCHOR: request_reply
#[tokio::test]
async fn request_reply_through_an_inbox() {
    let server = NatsServer::start();
    let client = async_nats::connect(server.url()).await.unwrap();

    // 没有人订阅 "add" 时，服务器立刻回一个“没有响应者”，而不是让请求方干等超时。
    let err = client.request("add", "1 2".into()).await.unwrap_err();
    assert_eq!(err.kind(), async_nats::RequestErrorKind::NoResponders);

    let mut requests = client.subscribe("add").await.unwrap();
    let responder = client.clone();
    tokio::spawn(async move {
        while let Some(msg) = requests.next().await {
            let sum: i64 = std::str::from_utf8(&msg.payload)
                .unwrap()
                .split(' ')
                .map(|n| n.parse::<i64>().unwrap())
                .sum();
            // reply 就是请求方的收件箱（_INBOX.…），相当于第 7 章随请求附带的回复 Sender。
            let reply = msg.reply.expect("request 总带着回复地址");
            responder
                .publish(reply, sum.to_string().into())
                .await
                .unwrap();
        }
    });
    client.flush().await.unwrap();

    let answer = client.request("add", "40 2".into()).await.unwrap();
    assert_eq!(&answer.payload[..], b"42");
}
// ANCHOR_END: request_reply

// ANCHOR: queue_group
#[tokio::test]
async fn a_queue_group_shares_the_work() {
    const N: usize = 200;
    let server = NatsServer::start();
    // 两个“工作进程”：各自一条连接，同在队列组 "workers" 里。
    let mut workers = Vec::new();
    for _ in 0..2 {
        let conn = async_nats::connect(server.url()).await.unwrap();
        let sub = conn
            .queue_subscribe("jobs", "workers".into())
            .await
            .unwrap();
        conn.flush().await.unwrap();
        workers.push((conn, sub));
    }
    // 一个不在组里的旁观者：它收到每一条。
    let publisher = async_nats::connect(server.url()).await.unwrap();
    let mut auditor = publisher.subscribe("jobs").await.unwrap();
    publisher.flush().await.unwrap();
    for i in 0..N {
        publisher
            .publish("jobs", i.to_string().into())
            .await
            .unwrap();
    }
    publisher.flush().await.unwrap();

    for _ in 0..N {
        next_payload(&mut auditor).await;
    }
    // 组内每条消息只交给一个成员：两个成员合起来收到 N 条，没有一条收到两次。
    let (_conn_a, a) = workers.remove(0);
    let (_conn_b, b) = workers.remove(0);
    let mut merged = futures::stream::select(a.map(|m| (0, m)), b.map(|m| (1, m)));
    let mut all = BTreeSet::new();
    let mut shares = [0usize; 2];
    while all.len() < N {
        let (who, msg) = timeout(LIMIT, merged.next())
            .await
            .expect("组成员 5 秒内没有收齐")
            .unwrap();
        assert!(all.insert(msg.payload), "队列组里一条消息被交给了两个成员");
        shares[who] += 1;
    }
    assert_eq!(shares[0] + shares[1], N, "两个成员的份额：{shares:?}");
}
// ANCHOR_END: queue_group

// ANCHOR: jetstream
#[tokio::test]
async fn jetstream_redelivers_until_acknowledged() {
    let server = NatsServer::start();
    let client = async_nats::connect(server.url()).await.unwrap();
    let js = jetstream::new(client);
    let orders = js
        .create_stream(stream::Config {
            name: "ORDERS".into(),
            subjects: vec!["orders.>".into()],
            ..Default::default()
        })
        .await
        .unwrap();

    // 发布要等服务器的确认（PubAck）：拿到它，消息才算进了持久化的 stream。
    let ack = js
        .publish("orders.new", "order-1".into())
        .await
        .unwrap()
        .await
        .unwrap();
    assert_eq!((ack.stream.as_str(), ack.sequence), ("ORDERS", 1));

    let consumer = orders
        .create_consumer(pull::Config {
            durable_name: Some("billing".into()),
            ack_policy: jetstream::consumer::AckPolicy::Explicit,
            ack_wait: Duration::from_millis(200), // 200 毫秒没有 ack 就重投（演示用，缩短了）
            ..Default::default()
        })
        .await
        .unwrap();
    let mut messages = consumer.messages().await.unwrap();

    // 第一次投递：处理了，但“崩溃”了，没有 ack。
    let first = timeout(LIMIT, messages.next())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(first.info().unwrap().delivered, 1);
    drop(first);

    // 200 毫秒后服务器重投同一条消息：至少一次，所以处理必须是幂等的。
    let again = timeout(LIMIT, messages.next())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(&again.payload[..], b"order-1");
    assert_eq!(again.info().unwrap().delivered, 2, "这是第二次投递");
    again.double_ack().await.unwrap(); // 等服务器确认收到了 ack

    let info = consumer.clone().info().await.unwrap().clone();
    assert_eq!(info.num_ack_pending, 0, "ack 之后不再有待确认的消息");
}
// ANCHOR_END: jetstream

// ANCHOR: dedupe
#[tokio::test]
async fn a_message_id_makes_publishing_idempotent() {
    let server = NatsServer::start();
    let js = jetstream::new(async_nats::connect(server.url()).await.unwrap());
    let mut orders = js
        .create_stream(stream::Config {
            name: "ORDERS".into(),
            subjects: vec!["orders.>".into()],
            duplicate_window: Duration::from_secs(60),
            ..Default::default()
        })
        .await
        .unwrap();
    // 发布方没收到 PubAck（超时、断线）只能重发；带上同一个消息 ID，服务器在去重窗口内认得它。
    let publish = |js: jetstream::Context| async move {
        js.send_publish(
            "orders.new",
            jetstream::message::PublishMessage::build()
                .payload("order-7".into())
                .message_id("order-7"),
        )
        .await
        .unwrap()
        .await
        .unwrap()
    };
    let first = publish(js.clone()).await;
    let retry = publish(js.clone()).await;
    assert!(!first.duplicate && retry.duplicate, "重发应被认出是重复");
    assert_eq!(retry.sequence, first.sequence);
    assert_eq!(
        orders.info().await.unwrap().state.messages,
        1,
        "stream 里只有一份"
    );
}
// ANCHOR_END: dedupe
