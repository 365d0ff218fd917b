//! The moderator check, made on the server side on every `/fact` call. Hiding `/fact` with
//! `default_member_permissions` is only a convenience: this is the check.

use poise::serenity_prelude as serenity;

use super::{Context, UserError};
use crate::config::ModerationConfig;

/// Whether a member with these roles and permissions may change facts.
pub fn is_moderator(
    config: &ModerationConfig,
    roles: &[serenity::RoleId],
    permissions: Option<serenity::Permissions>,
) -> bool {
    let by_role = roles.iter().any(|r| config.role_ids.contains(&r.get()));
    let by_permission = permissions.is_some_and(|p| {
        p.administrator()
            || serenity::Permissions::from_name(&config.permission)
                .is_some_and(|needed| p.contains(needed))
    });
    by_role || by_permission
}

/// Refuses (ephemerally, changing nothing) anyone who is not a moderator.
pub async fn require_moderator(ctx: Context<'_>) -> Result<(), UserError> {
    let refused = || {
        UserError(
            "Only moderators can change facts. Nothing was changed. Ask a moderator, or use `/factcheck` to read them."
                .into(),
        )
    };
    let poise::Context::Application(app) = ctx else {
        return Err(refused());
    };
    let Some(member) = app.interaction.member.as_ref() else {
        return Err(refused());
    };
    if is_moderator(
        &ctx.data().config.moderation,
        &member.roles,
        member.permissions,
    ) {
        Ok(())
    } else {
        tracing::info!(user = %ctx.author().id, command = %ctx.command().qualified_name, "refused: not a moderator");
        Err(refused())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_or_the_configured_permission() {
        let config = ModerationConfig {
            role_ids: vec![7],
            ..ModerationConfig::default()
        };
        let member = serenity::Permissions::SEND_MESSAGES | serenity::Permissions::VIEW_CHANNEL;
        assert!(is_moderator(
            &config,
            &[serenity::RoleId::new(7)],
            Some(member)
        ));
        assert!(!is_moderator(
            &config,
            &[serenity::RoleId::new(8)],
            Some(member)
        ));
        assert!(!is_moderator(&config, &[], None));
        assert!(is_moderator(
            &config,
            &[],
            Some(member | serenity::Permissions::MANAGE_GUILD)
        ));
        assert!(is_moderator(
            &config,
            &[],
            Some(serenity::Permissions::ADMINISTRATOR)
        ));
    }
}
