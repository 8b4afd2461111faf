//! 三个 nats-server 进程组成集群，stream 三副本；发布到一半时杀掉一个节点，
//! 用计数说明：每一条得到确认（PubAck）的消息都还在。

use async_nats::jetstream::{self, consumer::pull, stream};
use futures::StreamExt;
use std::collections::BTreeSet;
use std::time::{Duration, Instant};
use test_support::nats::NatsServer;
use tokio::time::timeout;

const N: u64 = 300;
const KILL_AT: u64 = 100;
/// 整个演示的上限；在两核的机器上正常运行不到两秒。
const LIMIT: Duration = Duration::from_secs(30);

// ANCHOR: cluster
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_acknowledged_message_survives_a_dead_node() {
    let started = Instant::now();
    let mut nodes = NatsServer::cluster(3);
    // JetStream 集群先要选出元数据 leader，才能创建 stream。等日志说选出来了，而不是猜一个时间。
    assert!(
        nodes[0].wait_for_log("metadata leader", LIMIT),
        "集群没有选出 JetStream 元数据 leader；节点 0 的日志：\n{}",
        nodes[0].log()
    );
    let client = async_nats::connect(nodes[0].url()).await.unwrap();
    let js = jetstream::new(client);
    let mut events = js
        .create_stream(stream::Config {
            name: "EVENTS".into(),
            subjects: vec!["events.>".into()],
            num_replicas: 3, // 每条消息写到三个节点上，过半（2 个）写好才确认
            ..Default::default()
        })
        .await
        .expect("创建三副本的 stream 失败");
    let leader = events.info().await.unwrap().cluster.clone().unwrap().leader.unwrap();

    // 读取用的消费者先建好：在集群完整时建立它的三副本状态。
    let consumer = events
        .create_consumer(pull::Config {
            durable_name: Some("audit".into()),
            ..Default::default()
        })
        .await
        .unwrap();

    let mut published = 0;
    let mut acked = BTreeSet::new();
    let mut killed = None;
    for i in 0..N {
        if i == KILL_AT {
            // 杀掉一个既不是 leader、也不是我们所连的节点：SIGKILL，不给它收尾的机会。
            let victim = (1..nodes.len()).find(|&k| nodes[k].name() != leader).unwrap();
            let node = nodes.remove(victim);
            killed = Some(node.name().to_owned());
            node.kill();
        }
        published += 1;
        let ack = timeout(LIMIT, async {
            js.publish("events.tick", i.to_string().into()).await?.await
        })
        .await
        .expect("发布超时");
        // 没有确认的消息不算数：它可能丢了，也可能在；我们只对确认过的负责。
        if let Ok(ack) = ack {
            acked.insert(ack.sequence);
        }
    }

    // 从剩下的节点把 stream 从头读一遍。
    let mut messages = consumer.messages().await.unwrap();
    let mut received = BTreeSet::new();
    while received.len() < acked.len() {
        let msg = timeout(LIMIT, messages.next())
            .await
            .expect("剩下的节点 30 秒内没有交出全部消息")
            .unwrap()
            .unwrap();
        received.insert(msg.info().unwrap().stream_sequence);
        msg.ack().await.unwrap();
    }
    let lost: Vec<_> = acked.difference(&received).collect();
    println!(
        "已发布 {published}，已确认 {}，收到 {}，丢失 {}（杀掉的节点：{}，stream leader：{leader}，用时 {:?}）",
        acked.len(),
        received.len(),
        lost.len(),
        killed.as_deref().unwrap_or("无"),
        started.elapsed()
    );
    assert!(killed.is_some(), "演示应当杀掉一个节点");
    assert_eq!(published, N);
    assert!(lost.is_empty(), "确认过的消息丢了：{lost:?}");
    assert_eq!(acked.len() as u64, N, "两个节点仍是多数，每次发布都应得到确认");
}
// ANCHOR_END: cluster
