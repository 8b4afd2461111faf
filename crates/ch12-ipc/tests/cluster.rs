//! 三个 nats-server 进程组成集群，stream 三副本；发布到一半时杀掉一个节点，
//! 用计数说明：每一条得到确认（PubAck）的消息都还在。

use async_nats::jetstream::{self, stream};
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
    let config = stream::Config {
        name: "EVENTS".into(),
        subjects: vec!["events.>".into()],
        num_replicas: 3, // 每条消息写到三个节点上，过半（2 个）写好才确认
        ..Default::default()
    };
    // leader 选出之后，它还要从路由上听到另外两个节点的 JetStream 状态，才能放下三个副本；
    // 在那之前服务器回答“没有合适的节点”（10005）。客户端看不到“都听到了”这个事件，
    // 所以照真实客户端的做法：被拒绝就稍等再试，总时间有上限。
    let deadline = Instant::now() + LIMIT;
    let mut events = loop {
        match js.create_stream(config.clone()).await {
            Ok(stream) => break stream,
            Err(e) if Instant::now() < deadline => {
                eprintln!("集群还没准备好放三个副本（{e}），重试");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => panic!(
                "30 秒内没能创建三副本的 stream：{e}\n节点 0 的日志：\n{}",
                nodes[0].log()
            ),
        }
    };
    let leader = events
        .info()
        .await
        .unwrap()
        .cluster
        .clone()
        .unwrap()
        .leader
        .unwrap();

    let mut published = 0;
    let mut acked = BTreeSet::new();
    let mut killed = None;
    for i in 0..N {
        if i == KILL_AT {
            // 杀掉一个既不是 leader、也不是我们所连的节点：SIGKILL，不给它收尾的机会。
            let victim = (1..nodes.len())
                .find(|&k| nodes[k].name() != leader)
                .unwrap();
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

    // 从剩下的节点把 stream 逐条读回来：每个序号问一次 stream 的 leader。
    // （不用消费者：消费者也有自己的三副本和 leader，若它的 leader 恰好被杀，要等几秒的选举。）
    let stored = events.info().await.unwrap().state.messages;
    let mut received = BTreeSet::new();
    for seq in 1..=stored {
        let msg = timeout(LIMIT, events.get_raw_message(seq))
            .await
            .expect("剩下的节点 30 秒内没有交出消息")
            .unwrap_or_else(|e| panic!("读不回第 {seq} 条：{e}"));
        assert_eq!(msg.sequence, seq);
        received.insert(seq);
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
    assert_eq!(
        acked.len() as u64,
        N,
        "两个节点仍是多数，每次发布都应得到确认"
    );
}
// ANCHOR_END: cluster
