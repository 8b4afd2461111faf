use super::{follow, Config, Reloader};
use std::time::Duration;
use test_support::deadline_async;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio::time::timeout;

const HINT: &str =
    "测试没有结束：follow 是不是在 changed() 返回 Err（Reloader 已经 drop）之后还在循环？\
                    或者在 watch::Ref（borrow 的结果）还活着的时候又去 send / reload？";

/// 时钟是暂停的：没有任务能再前进时，这 1 秒立刻过去，测试不会真的等。
const PATIENCE: Duration = Duration::from_secs(1);

fn config(version: u32) -> Config {
    Config {
        version,
        max_connections: 10 * version as usize,
    }
}

/// 启动 follow，返回它的 JoinHandle 和它应用的配置。
fn start(reloader: &Reloader) -> (JoinHandle<()>, mpsc::Receiver<Config>) {
    let (applied_tx, applied) = mpsc::channel(16);
    (
        tokio::spawn(follow(reloader.subscribe(), applied_tx)),
        applied,
    )
}

/// 下一份被应用的配置；1 秒（虚拟时间）内没有就失败，`why` 说明该检查什么。
async fn next_applied(applied: &mut mpsc::Receiver<Config>, why: &str) -> Config {
    match timeout(PATIENCE, applied.recv()).await {
        Ok(Some(config)) => config,
        Ok(None) => panic!("follow 已经结束了：{why}"),
        Err(_) => panic!("1 秒内没有应用任何配置：{why}"),
    }
}

#[test]
fn follow_applies_the_current_config_at_once() {
    deadline_async(HINT, || async {
        let reloader = Reloader::new(config(1));
        let (_follower, mut applied) = start(&reloader);
        let first = next_applied(
            &mut applied,
            "follow 应当先应用当前的配置，再等变化——一开始就 changed().await 会错过初始配置。\
             另外，applied.send(..) 返回的 future 要 .await，否则什么也没发出去",
        )
        .await;
        assert_eq!(
            first,
            config(1),
            "follow 最先应用的应当是当前配置（版本 1）"
        );
    });
}

#[test]
fn follow_applies_each_new_config() {
    deadline_async(HINT, || async {
        let reloader = Reloader::new(config(1));
        let (_follower, mut applied) = start(&reloader);
        next_applied(&mut applied, "follow 应当先应用当前的配置").await;
        for version in 2..=4 {
            assert!(
                reloader.reload(config(version)),
                "版本 {version} 比当前的新，reload 应当返回 true"
            );
            let got = next_applied(
                &mut applied,
                "reload 之后 follow 应当被 changed() 唤醒，应用新配置",
            )
            .await;
            assert_eq!(got, config(version), "reload 之后应当应用版本 {version}");
        }
        assert_eq!(
            reloader.current(),
            config(4),
            "current() 应当是最后接受的配置"
        );
    });
}

#[test]
fn a_stale_or_repeated_config_is_rejected() {
    deadline_async(HINT, || async {
        let reloader = Reloader::new(config(5));
        let (_follower, mut applied) = start(&reloader);
        next_applied(&mut applied, "follow 应当先应用当前的配置").await;
        let same = reloader.reload(config(5));
        let older = reloader.reload(config(3));
        assert!(
            !same && !older,
            "版本号不比当前新的配置应当被拒绝：reload 返回 false（同版本：{same}，旧版本：{older}）"
        );
        assert_eq!(
            reloader.current(),
            config(5),
            "被拒绝的配置不能替换当前配置"
        );
        if let Ok(extra) = timeout(PATIENCE, applied.recv()).await {
            panic!(
                "reload 拒绝了配置，follow 却又应用了 {extra:?}：版本号不比当前新的配置应当被拒绝，\
                 订阅者也不该被唤醒——用 send_if_modified，只在真的替换时返回 true"
            );
        }
        assert!(
            reloader.reload(config(6)),
            "版本 6 比当前的新，reload 应当返回 true"
        );
        let got = next_applied(&mut applied, "reload 之后 follow 应当应用新配置").await;
        assert_eq!(got, config(6));
    });
}

#[test]
fn a_config_is_never_applied_twice() {
    deadline_async(HINT, || async {
        let reloader = Reloader::new(config(1));
        // 订阅之后、follow 开始运行之前，配置已经变了好几次。
        let configs = reloader.subscribe();
        reloader.reload(config(2));
        let (applied_tx, mut applied) = mpsc::channel(16);
        let follower = tokio::spawn(follow(configs, applied_tx));
        reloader.reload(config(3));
        reloader.reload(config(4));
        drop(reloader);
        let mut versions = Vec::new();
        // 最多读 10 份：出错的 follow 可能没完没了地重复同一份配置。
        for _ in 0..10 {
            match timeout(PATIENCE, applied.recv()).await {
                Ok(Some(config)) => versions.push(config.version),
                _ => break,
            }
        }
        assert!(
            versions.windows(2).all(|w| w[0] != w[1]),
            "同一份配置被应用了两次（应用的版本依次是 {versions:?}）：读当前值时用 borrow_and_update()，\
             把它标记为已看过；borrow() 不做标记，随后的 changed() 会为同一个值再醒一次"
        );
        assert_eq!(
            versions.last(),
            Some(&4),
            "follow 最后应用的应当是最新的配置（版本 4），应用的版本依次是 {versions:?}"
        );
        assert!(
            versions.windows(2).all(|w| w[0] < w[1]),
            "应用的版本应当越来越新：{versions:?}"
        );
        assert!(
            timeout(PATIENCE, follower).await.is_ok(),
            "Reloader drop 之后 follow 应当结束"
        );
    });
}

#[test]
fn follow_ends_when_the_reloader_is_gone() {
    deadline_async(HINT, || async {
        let reloader = Reloader::new(config(1));
        let (follower, mut applied) = start(&reloader);
        next_applied(&mut applied, "follow 应当先应用当前的配置").await;
        drop(reloader);
        if let Ok(Some(extra)) = timeout(PATIENCE, applied.recv()).await {
            panic!(
                "Reloader drop 之后 follow 又应用了 {extra:?}：changed() 返回 Err 说明再也不会有新配置，\
                 follow 应当结束，而不是忽略错误接着循环"
            );
        }
        assert!(
            timeout(PATIENCE, follower).await.is_ok(),
            "Reloader drop 之后 follow 没有结束：changed() 返回 Err 说明再也不会有新配置，follow 应当返回"
        );
    });
}

#[test]
fn a_reload_without_subscribers_is_kept() {
    deadline_async(HINT, || async {
        let reloader = Reloader::new(config(1));
        // 还没有任何订阅者。
        assert!(
            reloader.reload(config(2)),
            "版本 2 比当前的新，没有订阅者时 reload 也应当返回 true"
        );
        assert_eq!(
            reloader.current(),
            config(2),
            "没有订阅者时新配置丢了：watch::Sender::send 在没有 Receiver 时返回 Err，而且不保存新值。\
             用 send_if_modified（或 send_replace、send_modify），它们总会保存"
        );
        let late = reloader.subscribe();
        assert_eq!(*late.borrow(), config(2), "后来的订阅者应当看到版本 2");
    });
}
